-- Identity resolution looks up every imported ID number (10^6 per big import) for the person
-- and the survivor of a merge: with both in the index, the look-up never visits the table.
CREATE UNIQUE INDEX person_document_lookup_uq ON person (document_number, document_type) INCLUDE (id, merged_into);
DROP INDEX person_document_uq;
ALTER INDEX person_document_lookup_uq RENAME TO person_document_uq;

-- A tube is written once and then updated four or five times (its count of samples as the
-- scans arrive, closed, boxed, its result). A lab's delivery updates every tube on a page
-- in one statement, so the page must hold a second version of each of its tubes for the
-- updates to stay on the page (HOT: no index touched, a small WAL record): at 40 % a page
-- holds about 22 tubes and room for their new versions. At 100 % a delivery of 10,000
-- results moved 10,000 tubes to new pages, inserted 30,000 index entries and wrote 5.8 MB
-- of WAL; at 40 %, 2.2 MB and no index entry. (The table is a tenth of the samples'.)
ALTER TABLE testing_tube SET (fillfactor = 40);

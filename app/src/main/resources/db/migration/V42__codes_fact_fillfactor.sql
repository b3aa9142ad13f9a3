-- After a city's first round every person has a row of facts, and each later round's
-- results update it (a new test time). Room on each page keeps those updates on the page
-- (HOT: no new index entry, less WAL); a round touches a few rows of each page, so a
-- tenth free is enough. Measured with bench/run-results.sh -Dbench.prior-round=true:
-- 9,000,000 updates, 136 s end to end at 100 %, 116 s at 90 % (rows written from then on).
ALTER TABLE code_fact SET (fillfactor = 90);

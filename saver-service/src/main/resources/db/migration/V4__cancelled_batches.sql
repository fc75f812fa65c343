-- Batches a node skipped because their job was cancelled: kept with the failed ones (the key
-- makes a redelivered report a no-op) and counted in jobs.cancelled instead of jobs.failed.
alter table failed_batches add column cancelled boolean not null default false;

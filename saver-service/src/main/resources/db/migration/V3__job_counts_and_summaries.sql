-- A job's counts and the summary of its results are kept up to date in the transaction that
-- stores a batch of results, so listing jobs, filtering them by state and reading what a job
-- of a million answer sets says cost a few rows, never a scan of its results.
alter table jobs add column done bigint not null default 0;
alter table jobs add column failed bigint not null default 0;
alter table jobs add column cancelled bigint not null default 0;
alter table jobs add column cancelled_at timestamp with time zone;
alter table jobs add column last_result_at timestamp with time zone;

update jobs set
    done = (select coalesce(sum(r.answer_sets), 0) from result_batches r where r.job_id = jobs.id),
    failed = (select coalesce(sum(f.failed), 0) from failed_batches f where f.job_id = jobs.id),
    last_result_at = (select max(r.stored_at) from result_batches r where r.job_id = jobs.id);

create index jobs_newest_first on jobs (created_at desc, id);
create index jobs_of_election_newest_first on jobs (election_id, created_at desc, id);

-- Which transaction stored a row: the one whose token it carries counts it, and a redelivered
-- message that hit the key (on conflict do nothing) is counted by nobody. Batch update counts
-- cannot tell, as the PostgreSQL driver rewrites a batch into multi-row inserts.
alter table result_batches add column write_token bigint;
alter table failed_batches add column write_token bigint;

-- Per job and party (index in the election): answer sets summed, agreement in millionths of a
-- percent (each answer set's agreement rounded half up to 6 decimals, so the sum is exact and
-- independent of the order results arrive in), how often the party ranked first, and the
-- agreement histogram, bucket b holding agreement in [10 b, 10 b + 10) (100 in bucket 9).
-- The rows are created with the job; jobs submitted before this migration have none.
create table job_summaries (
    job_id           varchar(36) not null,
    party            integer     not null,
    answer_sets      bigint      not null default 0,
    agreement_micros bigint      not null default 0,
    first_places     bigint      not null default 0,
    h0 bigint not null default 0, h1 bigint not null default 0, h2 bigint not null default 0,
    h3 bigint not null default 0, h4 bigint not null default 0, h5 bigint not null default 0,
    h6 bigint not null default 0, h7 bigint not null default 0, h8 bigint not null default 0,
    h9 bigint not null default 0,
    primary key (job_id, party)
);

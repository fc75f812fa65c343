-- Results are stored as the nodes send them: one row per job batch (result message), its
-- answer sets in columns of exact integer points. A batch of a hundred answer sets costs one
-- row and one index entry instead of a hundred, which is what lets the store keep up with the
-- nodes. The result id of an answer set stays job_id/answer_index, with answer_index
-- first_index + its position in the batch. The per-answer-set table of V1 held agreement as
-- rounded decimals, which do not convert back to points: it is dropped (no release used it).
drop table results;

create table result_batches (
    job_id       varchar(36)   not null,
    batch_index  integer       not null,
    first_index  integer       not null,
    answer_sets  integer       not null,
    parties      integer       not null,
    node_id      varchar(200)  not null,
    -- per answer set: statements answered, points of full agreement
    answered     integer array not null,
    max_points   integer array not null,
    -- per answer set then party: agreement points (answer set i, party p at i * parties + p)
    points       integer array not null,
    stored_at    timestamp with time zone not null,
    -- a redelivered result message hits the key and is not stored twice
    primary key (job_id, batch_index)
);

-- pages of a job's results are ranges of answer-set indexes
create index result_batches_by_first_index on result_batches (job_id, first_index);

-- Portable between PostgreSQL and H2 in PostgreSQL mode (the embedded default).
create table elections (
    id          varchar(64)  primary key,
    name        varchar(500) not null,
    statements  integer      not null,
    parties     integer      not null,
    definition  varchar      not null,
    created_at  timestamp with time zone not null
);

create table jobs (
    id          varchar(36) primary key,
    election_id varchar(64) not null references elections (id),
    total       integer     not null,
    batches     integer     not null,
    batch_size  integer     not null,
    created_at  timestamp with time zone not null
);

-- One row per answer set; the primary key (also the index a job's pages are read by) makes a
-- redelivered result a no-op. The result id is job_id/answer_index.
create table results (
    job_id       varchar(36)  not null,
    answer_index integer      not null,
    node_id      varchar(200) not null,
    answered     integer      not null,
    best_party   varchar(64),
    agreement    varchar      not null,
    ranking      varchar      not null,
    stored_at    timestamp with time zone not null,
    primary key (job_id, answer_index)
);

-- Batches a node could not compute (they are in the dead-letter queue with the reason).
create table failed_batches (
    job_id      varchar(36)   not null,
    batch_index integer       not null,
    failed      integer       not null,
    node_id     varchar(200)  not null,
    reason      varchar(2000) not null,
    stored_at   timestamp with time zone not null,
    primary key (job_id, batch_index)
);

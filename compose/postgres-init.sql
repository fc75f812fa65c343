-- One database and one role per service that stores data (run once, on an empty volume).
CREATE ROLE saver LOGIN PASSWORD 'saver';
CREATE DATABASE saver OWNER saver;
CREATE ROLE mailbin LOGIN PASSWORD 'mailbin';
CREATE DATABASE mailbin OWNER mailbin;

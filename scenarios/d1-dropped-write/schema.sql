CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, score REAL, data BLOB, flag INTEGER);
INSERT INTO users (email, score) VALUES ('a@x', 1.5);

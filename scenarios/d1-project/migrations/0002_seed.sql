INSERT INTO authors (name, notes) VALUES ('alice', 1), ('bob', 1);
INSERT INTO notes (body, author) VALUES ('first note', 'alice'), ('hello from bob', 'bob');

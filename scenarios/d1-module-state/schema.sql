CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE posts (id INTEGER PRIMARY KEY, author INTEGER NOT NULL REFERENCES users (id), title TEXT NOT NULL);
INSERT INTO users (id, name) VALUES (1, 'alice'), (2, 'bob');
INSERT INTO posts (author, title) VALUES (1, 'alice writes'), (2, 'bob writes');

CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, data BLOB, flag INTEGER);
INSERT INTO items (name, price) VALUES ('anvil', 49.99), ('magnet', 88);

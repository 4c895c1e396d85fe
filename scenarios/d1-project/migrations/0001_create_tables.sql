-- Authors, and the notes they write.
CREATE TABLE authors (
  name TEXT PRIMARY KEY,
  notes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL,
  author TEXT NOT NULL REFERENCES authors (name),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

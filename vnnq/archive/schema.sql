-- The archive index of `vnnq index` (one SQLite file; schema version in meta and PRAGMA user_version).
--
-- One row of `documents` per distinct content (sha256); `files` maps every path seen to its
-- document (several paths may hold the same content) or to its error.  The other tables hold the
-- record of `vnnq extract` (Directive.to_dict) flattened, each row with the `doc_id` it belongs to;
-- offsets (`start`, `end`) point into `texts.text`, the normalized text, as in the record.
-- Deleting a document deletes its rows (ON DELETE CASCADE; the writer turns foreign keys on).
--
-- Keys made for matching, so every spelling finds the same rows:
--   *_key of a code: folded (no diacritics, đ→d), lower case, no spaces, en dashes as '-':
--         "71-NQ/TW" and "71-nq/tw" share "71-nq/tw";
--   units.key: vnnq.classify.units.unit_key of the canonical unit ("UBND phường" and
--         "Ủy ban nhân dân Phường" share one), the key `vnnq tasks --unit` matches on;
--   issuer_key: the folded unit_key of the issuer, searched as a substring;
--   due_date / deadline_date: the last day a deadline covers ("2026-09" → 2026-09-30,
--         "2026" → 2026-12-31), so a window of days can be asked of any precision.
-- refs.target_doc_id: the document of the archive the reference cites, when exactly one
-- document (or copies of one: same code, date and issuer) has that code and no known date or
-- year contradicts the reference; NULL otherwise (unresolvable means none, not a guess).
-- It is resolved again after each batch, as the cited document may be indexed later.

CREATE TABLE IF NOT EXISTS meta(
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,        -- of the file's bytes
    path TEXT NOT NULL,                 -- the first path it was indexed from
    name TEXT,
    format TEXT,                        -- txt | md | docx | pdf ...
    pages INTEGER,
    code TEXT,                          -- the document's own code: "02-CTr/TU", "12/KH-UBND"
    code_key TEXT,
    type TEXT,                          -- "Kế hoạch", "Công văn", "Quyết định" ...
    number TEXT,
    notation TEXT,
    issuer TEXT,
    issuer_key TEXT,
    parent TEXT,
    system TEXT,                        -- state | party
    place TEXT,
    date TEXT,                          -- ISO
    subject TEXT,
    urgency TEXT,
    confidentiality TEXT,
    signer_name TEXT,
    signer_position TEXT,
    reference_count INTEGER NOT NULL,
    deadline_count INTEGER NOT NULL,
    task_count INTEGER NOT NULL,
    warnings TEXT,                      -- JSON list
    schema_version TEXT,                -- of the record (vnnq.model.SCHEMA_VERSION)
    indexed_at TEXT
);
CREATE INDEX IF NOT EXISTS documents_code ON documents(code_key);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_type ON documents(type, date);
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer_key);

-- the normalized text, apart so that scans of documents stay small
CREATE TABLE IF NOT EXISTS texts(
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY,              -- absolute
    size INTEGER,
    mtime_ns INTEGER,
    sha256 TEXT,
    doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    state TEXT NOT NULL,                -- done | error
    error_code TEXT,                    -- unreadable, unsupported, empty, encrypted, needs_ocr, too_large,
                                        -- internal_error, worker_died
    error TEXT,
    indexed_at TEXT
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE INDEX IF NOT EXISTS files_doc ON files(doc_id);
CREATE INDEX IF NOT EXISTS files_state ON files(state);

CREATE TABLE IF NOT EXISTS refs(
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,               -- its place in the record's references
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    type TEXT,
    number TEXT,
    notation TEXT,
    year TEXT,
    system TEXT,                        -- party | state | normative | other
    date TEXT,
    issuer TEXT,
    issuer_key TEXT,
    title TEXT,
    mention_count INTEGER NOT NULL,
    start INTEGER,                      -- of the first mention
    target_doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS refs_doc ON refs(doc_id);
CREATE INDEX IF NOT EXISTS refs_code ON refs(code_key);
CREATE INDEX IF NOT EXISTS refs_target ON refs(target_doc_id);

CREATE TABLE IF NOT EXISTS mentions(
    id INTEGER PRIMARY KEY,
    ref_id INTEGER NOT NULL REFERENCES refs(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT,
    start INTEGER,
    "end" INTEGER,
    page INTEGER,
    resolved_from TEXT
);
CREATE INDEX IF NOT EXISTS mentions_ref ON mentions(ref_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);

CREATE TABLE IF NOT EXISTS dates(
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT,
    value TEXT,
    precision TEXT,
    start INTEGER,
    "end" INTEGER,
    page INTEGER
);
CREATE INDEX IF NOT EXISTS dates_doc ON dates(doc_id);

CREATE TABLE IF NOT EXISTS deadlines(
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT,
    due TEXT,                           -- ISO at its precision, as in the record
    due_date TEXT,                      -- the last day it covers
    recurrence TEXT,
    kind TEXT,
    every TEXT,
    start INTEGER,
    "end" INTEGER,
    page INTEGER
);
CREATE INDEX IF NOT EXISTS deadlines_doc ON deadlines(doc_id);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines(due_date);

CREATE TABLE IF NOT EXISTS tasks(
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL,              -- "T1" ... in the record
    ord INTEGER NOT NULL,
    unit TEXT,                          -- the lead as written
    unit_canonical TEXT,
    unit_category TEXT,
    level TEXT,
    action TEXT,
    deadline TEXT,
    deadline_date TEXT,
    product TEXT,
    recurrence TEXT,
    source TEXT,
    category TEXT,                      -- the most confident task category
    coordinating TEXT,                  -- JSON list, as written
    start INTEGER,
    "end" INTEGER,
    page INTEGER
);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_id);
CREATE INDEX IF NOT EXISTS tasks_deadline ON tasks(deadline_date);

-- one row per (task, unit, role): the record's tasks_by_unit, the grouping of `vnnq tasks`
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    task_row INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    role TEXT NOT NULL,                 -- lead | coordinating
    unit TEXT NOT NULL,                 -- canonical
    key TEXT NOT NULL,
    category TEXT,
    level TEXT
);
CREATE INDEX IF NOT EXISTS units_key ON units(key);
CREATE INDEX IF NOT EXISTS units_doc ON units(doc_id);
CREATE INDEX IF NOT EXISTS units_task ON units(task_row);

-- full text: `body` is the text as written (case folded, diacritics kept); `folded` is the
-- same text folded by vnnq.archive.fold (diacritics removed, đ→d, same length, same offsets).
-- A query with diacritics is matched on body, one without on folded ("quan triet" finds
-- "quán triệt").  Contentless (the text is in `texts`); rowid = documents.id.
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    body, folded, content='', tokenize='unicode61 remove_diacritics 0'
);

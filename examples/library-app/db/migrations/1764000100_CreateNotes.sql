-- koldy:up
CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);

-- koldy:down
DROP TABLE notes;

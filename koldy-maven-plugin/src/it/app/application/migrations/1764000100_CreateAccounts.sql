-- koldy:up
CREATE TABLE accounts (id integer PRIMARY KEY, name varchar(40));
-- koldy:down
DROP TABLE accounts;

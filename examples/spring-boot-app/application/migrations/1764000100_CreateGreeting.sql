-- koldy:up
CREATE TABLE greeting (
    id bigint PRIMARY KEY,
    text varchar(100) NOT NULL
);

-- koldy:down
DROP TABLE greeting;

--
-- A small shop, written the way people write PostgreSQL schemas by hand: a domain, an enum,
-- dollar-quoted plpgsql, a SQL-standard function body, an aggregate, a trigger, a view, a rule,
-- a comment with semicolons, and rows. Loaded by psql and by koldy, the catalogues must match.
--
SET client_min_messages = warning;

CREATE DOMAIN positive_amount AS numeric(10,2) CHECK (VALUE >= 0);
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');

CREATE TABLE customer (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    note text DEFAULT E'it\'s; fine',
    created_at timestamp NOT NULL DEFAULT '2020-01-01 00:00:00'
);

CREATE TABLE product (
    id serial PRIMARY KEY,
    title varchar(100) NOT NULL,
    price positive_amount NOT NULL
);

CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id),
    state order_state NOT NULL DEFAULT 'new',
    total positive_amount NOT NULL DEFAULT 0,
    updated_at timestamp
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_open ON orders (state) WHERE state <> 'shipped';

CREATE TABLE order_line (
    order_id integer REFERENCES orders (id) ON DELETE CASCADE,
    product_id integer REFERENCES product (id),
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);

CREATE FUNCTION order_total(p_order integer) RETURNS numeric
    LANGUAGE plpgsql STABLE
    AS $_$
DECLARE
    result numeric; -- the sum; of its lines
BEGIN
    SELECT coalesce(sum(l.quantity * p.price), 0) INTO result
      FROM order_line l JOIN product p ON p.id = l.product_id
     WHERE l.order_id = $1;
    RETURN result;
END;
$_$;

CREATE FUNCTION touch_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := '2021-01-01 00:00:00';
    RETURN NEW;
END
$$;

CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_order();

CREATE FUNCTION line_value(quantity integer, price numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT CASE WHEN quantity > 0 THEN quantity * price ELSE 0 END;
END;

CREATE AGGREGATE product_of(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1');

CREATE VIEW customer_orders AS
    SELECT c.email, count(o.id) AS orders, /* a comment; inside */ sum(o.total) AS total
      FROM customer c LEFT JOIN orders o ON o.customer_id = c.id
     GROUP BY c.email;

CREATE TABLE order_log (order_id integer, message text);
CREATE RULE orders_log AS ON DELETE TO orders DO ALSO INSERT INTO order_log VALUES (OLD.id, 'deleted; gone');

COMMENT ON TABLE customer IS 'who buys; and why';

INSERT INTO customer (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob ''the builder''');
INSERT INTO product (title, price) VALUES ('Chair', 25.50), ('Table; large', 120), ('Lamp $1', 9.99);
INSERT INTO orders (customer_id, state) VALUES (1, 'paid'), (2, 'new');
INSERT INTO order_line VALUES (1, 1, 4), (1, 2, 1), (2, 3, 2);
UPDATE orders SET total = order_total(id);
DELETE FROM orders WHERE id = 2;

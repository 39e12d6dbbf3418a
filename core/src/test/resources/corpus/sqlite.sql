--
-- A small shop, written the way SQLite schemas are written by hand: AUTOINCREMENT, a partial
-- index, a view, triggers with a comment above and CASE ... END inside, and rows. Loaded by
-- sqlite3 and by koldy, the catalogues must match.
--
CREATE TABLE customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    note TEXT DEFAULT 'it''s; fine'
);

CREATE TABLE product (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price NUMERIC NOT NULL);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'paid', 'shipped')),
    total NUMERIC NOT NULL DEFAULT 0,
    size TEXT
);
CREATE INDEX orders_open ON orders (state) WHERE state <> 'shipped';

CREATE TABLE order_line (
    order_id INTEGER REFERENCES orders (id) ON DELETE CASCADE,
    product_id INTEGER REFERENCES product (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE order_log (order_id INTEGER, message TEXT);

-- keeps an order's total and size current; the CASE ... END; inside is not the trigger's end
CREATE TRIGGER order_line_added AFTER INSERT ON order_line
BEGIN
    UPDATE orders
       SET total = total + NEW.quantity * (SELECT price FROM product WHERE id = NEW.product_id),
           size = CASE WHEN NEW.quantity > 3 THEN 'big' ELSE 'small' END
     WHERE id = NEW.order_id;
    UPDATE orders SET size = CASE size WHEN 'big' THEN 'big' ELSE size END WHERE id = NEW.order_id;
END;

CREATE TRIGGER orders_log AFTER DELETE ON orders BEGIN INSERT INTO order_log VALUES (OLD.id, 'deleted; gone'); END;

CREATE VIEW customer_orders AS
    SELECT c.email, count(o.id) AS orders, /* a comment; inside */ sum(o.total) AS total
      FROM customer c LEFT JOIN orders o ON o.customer_id = c.id
     GROUP BY c.email;

INSERT INTO customer (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob ''the builder''');
INSERT INTO product (title, price) VALUES ('Chair', 25.50), ('Table; large', 120), ('Lamp $1', 9.99);
INSERT INTO orders (customer_id, state) VALUES (1, 'paid'), (2, 'new');
INSERT INTO order_line VALUES (1, 1, 4), (1, 2, 1), (2, 3, 2);
DELETE FROM orders WHERE id = 2;

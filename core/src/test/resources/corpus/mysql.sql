--
-- A small shop, written the way MySQL schemas are written by hand and by Sakila: executable
-- comments, DELIMITER blocks after comments, routines, triggers, a view, backslash escapes,
-- hash comments, and rows. Loaded by the mariadb client and by koldy, the catalogues must match.
--
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0;
--no space after the dashes: the client reads this line as a comment, as nothing is pending

CREATE TABLE customer (
  id int unsigned NOT NULL AUTO_INCREMENT,
  email varchar(100) NOT NULL,
  name varchar(100) NOT NULL,
  note varchar(50) DEFAULT 'it\'s; fine', # a hash comment; MySQL only
  created_at datetime NOT NULL DEFAULT '2020-01-01 00:00:00',
  PRIMARY KEY (id),
  UNIQUE KEY u_customer_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE product (
  id int unsigned NOT NULL AUTO_INCREMENT,
  title varchar(100) NOT NULL,
  price decimal(10,2) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE orders (
  id int unsigned NOT NULL AUTO_INCREMENT,
  customer_id int unsigned NOT NULL,
  state enum('new','paid','shipped') NOT NULL DEFAULT 'new',
  total decimal(10,2) NOT NULL DEFAULT 0,
  updated_at datetime DEFAULT NULL,
  PRIMARY KEY (id),
  KEY i_orders_customer (customer_id),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_line (
  order_id int unsigned NOT NULL,
  product_id int unsigned NOT NULL,
  quantity int NOT NULL,
  PRIMARY KEY (order_id, product_id),
  CONSTRAINT fk_line_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_line_product FOREIGN KEY (product_id) REFERENCES product (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_log (order_id int unsigned, message varchar(100)) ENGINE=InnoDB;

/*!50001 CREATE VIEW customer_orders AS
  SELECT c.email AS email, count(o.id) AS orders, sum(o.total) AS total
    FROM customer c LEFT JOIN orders o ON o.customer_id = c.id
   GROUP BY c.email */;

--
-- Routines
--
DELIMITER $$
CREATE FUNCTION order_total(p_order int unsigned) RETURNS decimal(10,2)
    READS SQL DATA
BEGIN
  DECLARE result decimal(10,2); -- the sum; of its lines
  SELECT coalesce(sum(l.quantity * p.price), 0) INTO result
    FROM order_line l JOIN product p ON p.id = l.product_id
   WHERE l.order_id = p_order;
  RETURN result;
END $$

CREATE PROCEDURE refresh_totals()
    MODIFIES SQL DATA
BEGIN
  UPDATE orders SET total = order_total(id);
END $$
DELIMITER ;

--
-- Triggers (a comment block before DELIMITER, as in Sakila)
--
DELIMITER ;;
/*!50003 CREATE*/ /*!50003 TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW BEGIN
  SET NEW.updated_at = '2021-01-01 00:00:00';
END */;;
CREATE TRIGGER orders_log AFTER DELETE ON orders FOR EACH ROW
BEGIN
  INSERT INTO order_log VALUES (OLD.id, 'deleted; gone');
END;;
DELIMITER ;

INSERT INTO customer (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob \'the builder\'');
INSERT INTO product (title, price) VALUES ('Chair', 25.50), ('Table; large', 120), ('Lamp $1', 9.99);
INSERT INTO orders (customer_id, state) VALUES (1, 'paid'), (2, 'new');
INSERT INTO order_line VALUES (1, 1, 4), (1, 2, 1), (2, 3, 2);
CALL refresh_totals();
DELETE FROM orders WHERE id = 2;

SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

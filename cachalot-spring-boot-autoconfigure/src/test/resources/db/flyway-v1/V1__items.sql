CREATE TABLE fw_items (id INT PRIMARY KEY, name VARCHAR(20));
INSERT INTO fw_items VALUES (1, 'one');

--liquibase formatted sql

--changeset cachalot:items-1
CREATE TABLE ${schema}.lb_items (id INT PRIMARY KEY, name VARCHAR(20));
INSERT INTO ${schema}.lb_items VALUES (1, 'one');

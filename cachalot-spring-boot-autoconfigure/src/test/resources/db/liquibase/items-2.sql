--liquibase formatted sql

--changeset cachalot:items-2
INSERT INTO ${schema}.lb_items VALUES (2, 'two');

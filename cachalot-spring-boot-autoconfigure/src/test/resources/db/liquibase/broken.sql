--liquibase formatted sql

--changeset cachalot:broken
INSERT INTO ${schema}.lb_no_such_table VALUES (3);

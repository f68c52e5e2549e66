-- begin: start a transaction (withTransaction in core.ts pairs it with commit or rollback).
BEGIN TRANSACTION;

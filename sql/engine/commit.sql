-- commit: end the transaction begun by engine/begin, keeping its writes.
COMMIT;

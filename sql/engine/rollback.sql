-- rollback: end the transaction begun by engine/begin, dropping its writes.
ROLLBACK;

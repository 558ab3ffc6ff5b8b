package io.github.cachalot.jdbc;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Set;
import java.util.function.Supplier;

import io.github.cachalot.invalidation.Announcement;
import io.github.cachalot.invalidation.DatabaseCatalog;
import io.github.cachalot.invalidation.TransactionWrites;

/**
 * One database session (a physical connection) as cachalot tracks it, kept across the logical
 * connections that borrow it from a pool: what its reads are keyed by, its open transaction, and
 * from these when a read may be answered from the cache or stored for everyone.
 *
 * <p><b>When may a read be served from the cache?</b> ({@link #readMode}) Outside a transaction,
 * unless the session reads uncommitted data or is SERIALIZABLE on PostgreSQL (each statement is then
 * a serializable transaction whose reads the database must see). Inside a READ COMMITTED transaction whose level is
 * known. Never inside a REPEATABLE READ or SERIALIZABLE transaction: a hit would mix another moment's
 * data into its snapshot, and SERIALIZABLE must see every read; the first read of such a transaction
 * may still store its result, because it takes the snapshot after the table tokens were read.
 * Never in a transaction whose level is not known for sure: begun as SQL or found open, a session
 * statement ran in it, the level was changed after it began, or a session statement ran just before
 * it ({@code SET TRANSACTION} sets the next transaction's level without the driver knowing). Never
 * when the database says the transaction failed, and never in a session with temporary tables.
 *
 * <p><b>What happens on commit?</b> ({@link #endTransaction}) The caller invalidates the tables
 * the transaction wrote, before {@code commit()} returns; then everything recorded about the
 * transaction is forgotten here, in that one method, and what was read of the session inside it is
 * read again if a session statement ran.
 *
 * <p>The transaction follows the session, not the borrow: a transaction begun as SQL and left open
 * when its logical connection closes is still open for the next borrower. Where the driver tells
 * its transaction status ({@link DriverTransactionStatus}), that status is the truth.
 *
 * <p>Not thread-safe: a session is used by one thread at a time.
 */
final class Session {

	// the one vocabulary of reasons why a session's read is not a hit
	static final String FAILED_TRANSACTION = "failed transaction";

	static final String ISOLATION_UNKNOWN = "isolation unknown";

	static final String READ_UNCOMMITTED = "read uncommitted";

	static final String SNAPSHOT = "snapshot isolation";

	static final String SERIALIZABLE = "serializable";

	static final String TEMPORARY_TABLES = "temporary tables";

	static final String SEARCH_PATH_UNKNOWN = "search path unknown";

	/** What a read may do with the cache. */
	enum ReadMode {

		/** Be answered from the cache, or run and be stored. */
		HIT,

		/** Run on the database, and be stored. */
		STORE,

		/** Run on the database, and not be stored. */
		BYPASS

	}

	/** Weakly: the sessions of a data source are keyed by their physical connection, which a pool retires. */
	private final WeakReference<Connection> physical;

	/**
	 * Autocommit as the driver last told it during the current borrow ({@link #AUTO_COMMIT_ON},
	 * {@link #AUTO_COMMIT_OFF}), or {@link #AUTO_COMMIT_UNKNOWN} to ask: forgotten when a borrow
	 * begins (another borrow of the same connection shares it) and after anything that may change
	 * it. A byte, not a Boolean: storing a reference into this long-lived object would cost a GC
	 * write barrier on every borrow.
	 */
	private byte autoCommit = AUTO_COMMIT_UNKNOWN;

	static final byte AUTO_COMMIT_UNKNOWN = 0;

	static final byte AUTO_COMMIT_ON = 1;

	static final byte AUTO_COMMIT_OFF = 2;

	/** Driver objects of this connection were handed out: autocommit is always asked from then on. */
	private boolean driverObjectsOut;

	/**
	 * The logical connections open on this session: more than one when a data source hands one
	 * physical connection to nested borrowers (Spring's {@code SingleConnectionDataSource}, a
	 * connection bound to the thread's transaction). The transaction and the session's state go on
	 * until the last of them ends.
	 */
	private int openBorrows;

	/** What borrows that ended while another was open left to the last one to end. */
	private boolean keyChangedByNested;

	private boolean isolationChangedByNested;

	private int escapesOfNested;

	/** How the driver tells the transaction's status, found once for the connection's class. */
	private final DriverTransactionStatus.Probe statusProbe;

	private final boolean postgres;

	// ---- the session, across transactions and borrows

	private boolean keyKnown;

	private String catalog;

	private String schema;

	/** The session's isolation level as the driver reports it; -1 until asked. */
	private int isolation = -1;

	/** A session statement ran outside a transaction: the next one's level is not known. */
	private boolean nextTransactionUncertain;

	/** Why the key cannot tell this session's reads from others' (temporary tables…), or null. */
	private String keyedIncompletely;

	/** Why the last read may not be a hit. */
	private String reason;

	// ---- the open transaction, forgotten in endTransaction()

	/** Begun as SQL ({@code BEGIN}), or found open on the session. */
	private boolean sqlTransaction;

	/** Its isolation level is not known for sure. */
	private boolean uncertain;

	/** Its isolation level, read at its first read; -1 until then. */
	private int transactionIsolation = -1;

	/** Statements that reached the database in it (the first may take its snapshot). */
	private int statements;

	/** What it wrote; created on the first write or savepoint. */
	private TransactionWrites writes;

	/** What it announced to a shared store before its commit; created on the first write. */
	private Announcement announcement;

	private boolean ranDdl;

	/** What it sees of the catalog once it ran DDL. */
	private DatabaseCatalog transactionCatalog;

	private boolean sessionChangedInTransaction;

	/** Counts the DDL the data source saw: a snapshot taken before the last one may see an older catalog. */
	private final java.util.function.LongSupplier catalogGeneration;

	/** The catalog generation when the open transaction ran its first statement; -1 before. */
	private long transactionCatalogGeneration = -1;

	Session(Connection physical, boolean postgres, java.util.function.LongSupplier catalogGeneration) {
		this.physical = new WeakReference<>(physical);
		this.statusProbe = DriverTransactionStatus.probeOf(physical);
		this.postgres = postgres;
		this.catalogGeneration = catalogGeneration;
	}

	boolean isPostgres() {
		return this.postgres;
	}

	/**
	 * Whether catalog look-ups on this session, inside its transaction, see what the catalog is now:
	 * no DDL was seen since the transaction's first statement (a REPEATABLE READ snapshot would not
	 * see it), and the transaction was not begun as SQL (a failing look-up there cannot be undone
	 * with a savepoint).
	 */
	boolean seesCurrentCatalog() {
		return !this.sqlTransaction && (this.transactionCatalogGeneration < 0
				|| this.transactionCatalogGeneration == this.catalogGeneration.getAsLong());
	}

	/** The physical connection; only asked while a borrow of it, which holds it, is open. */
	Connection physical() {
		return this.physical.get();
	}

	/** {@link #AUTO_COMMIT_ON}, {@link #AUTO_COMMIT_OFF}, or {@link #AUTO_COMMIT_UNKNOWN} to ask the driver. */
	byte knownAutoCommit() {
		return this.autoCommit;
	}

	void autoCommitIs(boolean autoCommit) {
		if (!this.driverObjectsOut) {
			this.autoCommit = autoCommit ? AUTO_COMMIT_ON : AUTO_COMMIT_OFF;
		}
	}

	void forgetAutoCommit() {
		this.autoCommit = AUTO_COMMIT_UNKNOWN;
	}

	/** Driver objects were handed out: what they change of autocommit or the transaction is not seen. */
	void driverObjectsHandedOut() {
		this.driverObjectsOut = true;
		this.autoCommit = AUTO_COMMIT_UNKNOWN;
	}

	boolean driverObjectsOut() {
		return this.driverObjectsOut;
	}

	/** A logical connection was opened on this session. */
	void borrowBegan() {
		this.openBorrows++;
	}

	/**
	 * A logical connection on this session ends its borrow; returns whether it was the last one
	 * open (a borrow left unclosed keeps the others nested: the session and its transaction go on).
	 */
	boolean borrowEnded() {
		if (this.openBorrows > 0) {
			this.openBorrows--;
		}
		return this.openBorrows == 0;
	}

	/** Whether a logical connection is open on this session. */
	boolean hasOpenBorrows() {
		return this.openBorrows > 0;
	}

	/**
	 * A borrow ended while another is still open: what it changed of the session, and its reach into
	 * the driver's objects, are left to the last one to end.
	 */
	void nestedBorrowEnded(boolean keyChanged, boolean isolationChanged, boolean escaped) {
		this.keyChangedByNested |= keyChanged;
		this.isolationChangedByNested |= isolationChanged;
		this.escapesOfNested += escaped ? 1 : 0;
	}

	/** Whether a borrow that ended before the last one changed what keys the session's reads; forgets it. */
	boolean takeKeyChangedByNested() {
		if (!this.keyChangedByNested) {
			return false; // no store on every return: nested borrows are rare
		}
		this.keyChangedByNested = false;
		return true;
	}

	/** Whether a borrow that ended before the last one changed the isolation level; forgets it. */
	boolean takeIsolationChangedByNested() {
		if (!this.isolationChangedByNested) {
			return false;
		}
		this.isolationChangedByNested = false;
		return true;
	}

	/** How many borrows that ended before the last one reached the driver's objects; forgets them. */
	int takeEscapesOfNested() {
		int escapes = this.escapesOfNested;
		if (escapes != 0) {
			this.escapesOfNested = 0;
		}
		return escapes;
	}

	/** What the driver knows of the transaction; only asked while a borrow is open. */
	DriverTransactionStatus driverStatus() {
		return this.statusProbe.statusOf(physical());
	}

	// ---- what reads are keyed by

	String catalog() {
		return this.catalog;
	}

	/** The schema, and on PostgreSQL the search path and user that resolve names. */
	String schema() {
		return this.schema;
	}

	boolean isKeyKnown() {
		return this.keyKnown;
	}

	/** Reads what keys the session's reads: catalog, schema (PostgreSQL: search path and user too). */
	void readKey() throws SQLException {
		String catalog = physical().getCatalog();
		String schema;
		if (this.postgres) {
			try (Statement statement = physical().createStatement();
					ResultSet rs = statement.executeQuery(
							"select current_schema(), current_setting('search_path'), current_user")) {
				rs.next();
				schema = rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3);
			}
		}
		else {
			try {
				schema = physical().getSchema();
			}
			catch (SQLException | AbstractMethodError | UnsupportedOperationException ex) {
				schema = null;
			}
		}
		this.catalog = catalog;
		this.schema = schema;
		this.keyKnown = true;
	}

	/** What keys reads may have changed (schema, catalog, search path, role): read it again. */
	void forgetKey() {
		this.keyKnown = false;
		this.isolation = -1;
	}

	/** The session's level was set through JDBC. */
	void isolationSet(int level, boolean autoCommit) {
		this.isolation = level;
		if (inTransaction(autoCommit)) {
			if (this.statements > 0) {
				// MariaDB accepts it, and it applies to the next transaction, not this one
				this.uncertain = true;
			}
			else {
				this.transactionIsolation = -1;
			}
		}
	}

	/** A pool may have reset the level behind JDBC's back. */
	void forgetIsolation() {
		this.isolation = -1;
	}

	private int isolation() throws SQLException {
		int level = this.isolation;
		if (level < 0) {
			level = physical().getTransactionIsolation();
			this.isolation = level;
		}
		return level;
	}

	/** Whether the key cannot tell this session's reads from others' any more. */
	boolean isKeyedIncompletely() {
		return this.keyedIncompletely != null;
	}

	/**
	 * The key cannot tell this session's reads from others' any more: it has (or may have) temporary
	 * tables, which may shadow shared ones, or a search path the database does not report. Its reads
	 * bypass the cache for the rest of its life.
	 */
	void keyedIncompletely(String reason) {
		if (this.keyedIncompletely == null) {
			this.keyedIncompletely = reason;
		}
	}

	// ---- when reads may use the cache

	/** Whether a transaction is open: autocommit is off, or one was begun as SQL or found open. */
	boolean inTransaction(boolean autoCommit) {
		return this.sqlTransaction || !autoCommit;
	}

	/**
	 * What a read about to run may do with the cache, and why not ({@link #reason}) when it may not
	 * be a hit.
	 */
	ReadMode readMode(boolean autoCommit, DriverTransactionStatus status) throws SQLException {
		this.reason = null;
		if (status == DriverTransactionStatus.FAILED) {
			return bypass(FAILED_TRANSACTION);
		}
		if (this.keyedIncompletely != null) {
			return bypass(this.keyedIncompletely);
		}
		if (!inTransaction(autoCommit)) {
			if (this.nextTransactionUncertain) {
				// it may be READ UNCOMMITTED for the next statement
				return bypass(ISOLATION_UNKNOWN);
			}
			int level = isolation();
			if (level == Connection.TRANSACTION_SERIALIZABLE && this.postgres) {
				// each statement is a serializable transaction, whose reads PostgreSQL must see to tell
				// which concurrent transactions to abort (elsewhere one statement reads the latest commit)
				return bypass(SERIALIZABLE);
			}
			return (level == Connection.TRANSACTION_READ_UNCOMMITTED || level == Connection.TRANSACTION_NONE)
					? bypass(READ_UNCOMMITTED) : ReadMode.HIT;
		}
		beginUncertainIfAnnounced();
		if (this.uncertain || this.sessionChangedInTransaction) {
			return bypass(ISOLATION_UNKNOWN);
		}
		int level = this.transactionIsolation;
		if (level < 0) {
			level = isolation();
			this.transactionIsolation = level;
		}
		return switch (level) {
			// MariaDB fixes a transaction's level when it begins on the server, with its first statement:
			// a hit would leave it unbegun, and a level changed afterwards would then apply to it
			case Connection.TRANSACTION_READ_COMMITTED ->
				(!this.postgres && status == DriverTransactionStatus.IDLE) ? ReadMode.STORE : ReadMode.HIT;
			case Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE -> {
				this.reason = SNAPSHOT;
				yield (this.statements == 0) ? ReadMode.STORE : ReadMode.BYPASS;
			}
			default -> bypass(READ_UNCOMMITTED);
		};
	}

	/** Why the last {@link #readMode} was not {@link ReadMode#HIT}. */
	String reason() {
		return this.reason;
	}

	private ReadMode bypass(String reason) {
		this.reason = reason;
		return ReadMode.BYPASS;
	}

	// ---- transitions

	/**
	 * A logical connection borrowed this session: brings what is recorded in line with the driver.
	 * Returns whether a transaction recorded here had ended meanwhile (its writes must be
	 * invalidated as if it committed).
	 */
	boolean borrowed(boolean autoCommit, DriverTransactionStatus status) {
		if (synchronize(autoCommit, status)) {
			return true;
		}
		if (!autoCommit && status != DriverTransactionStatus.IDLE) {
			// handed out inside a transaction: its snapshot may already be taken
			this.statements = Math.max(this.statements, 1);
		}
		return false;
	}

	/** A transaction cachalot did not see begin is open: nothing about it is known. */
	private void foundOpen() {
		outlivesBorrow();
		// what it wrote before cachalot saw it is not known
		writes().recordEverything();
	}

	/**
	 * The logical connection is returned while the driver says its transaction is still open (a pool
	 * that neither rolls back nor resets, or a transaction begun as SQL): it stays with the session,
	 * for the next borrower to continue or for the next borrow to find ended.
	 */
	void outlivesBorrow() {
		this.sqlTransaction = true;
		this.uncertain = true;
		this.statements = Math.max(this.statements, 1);
	}

	/**
	 * After a statement: brings what is recorded in line with the driver. Returns whether a
	 * transaction begun as SQL ended meanwhile without cachalot seeing how (a procedure or an
	 * implicit commit): its writes must be invalidated as if it committed.
	 */
	boolean synchronize(boolean autoCommit, DriverTransactionStatus status) {
		if (this.sqlTransaction && status == DriverTransactionStatus.IDLE) {
			return true;
		}
		if (autoCommit && !this.sqlTransaction
				&& (status == DriverTransactionStatus.OPEN || status == DriverTransactionStatus.FAILED)) {
			foundOpen();
		}
		return false;
	}

	/** Autocommit was turned off: a transaction begins with the next statement. */
	void jdbcTransactionBegan() {
		if (!this.sqlTransaction) {
			this.statements = 0;
			this.transactionIsolation = -1;
			beginUncertainIfAnnounced();
		}
	}

	/** {@code BEGIN} ran as SQL: its isolation level and snapshot depend on its text and what ran before. */
	void sqlTransactionBegan() {
		this.sqlTransaction = true;
		this.uncertain = true;
		this.nextTransactionUncertain = false;
	}

	private void beginUncertainIfAnnounced() {
		if (this.nextTransactionUncertain) {
			this.uncertain = true;
			this.nextTransactionUncertain = false;
		}
	}

	/** Rows of the last read, if it was answered from the cache and nothing reached the database since; else -1. */
	private int rowsOfLastHit = -1;

	/** A read of the open transaction was answered from the cache (the database may not know it began). */
	private boolean hitInTransaction;

	/** A read was answered from the cache: the database did not see it. */
	void answeredFromCache(int rows, boolean inTransaction) {
		this.rowsOfLastHit = rows;
		this.hitInTransaction |= inTransaction;
	}

	/**
	 * Whether the open transaction has read something the database did not see: a driver that begins
	 * transactions with their first statement (pgjdbc) then still takes it for not begun.
	 */
	boolean hadHitInTransaction() {
		return this.hitInTransaction;
	}

	/**
	 * The rows of the last read if it was answered from the cache and nothing reached the database
	 * since (MariaDB's {@code FOUND_ROWS()} then describes an older statement); else -1.
	 */
	int rowsOfLastHit() {
		return this.rowsOfLastHit;
	}

	/** A statement reached the database. */
	void statementRan(boolean autoCommit) {
		this.rowsOfLastHit = -1;
		if (inTransaction(autoCommit)) {
			if (this.statements++ == 0) {
				this.transactionCatalogGeneration = this.catalogGeneration.getAsLong();
			}
		}
		// a level announced with SET TRANSACTION stays pending across autocommit statements: MariaDB
		// keeps it past a statement that reads no table
	}

	/**
	 * A session statement ran ({@code SET …}, or anything that may run one): what keys reads and
	 * the isolation level may have changed.
	 */
	void sessionStatementRan(boolean autoCommit) {
		forgetKey();
		if (inTransaction(autoCommit)) {
			this.sessionChangedInTransaction = true;
		}
	}

	/**
	 * {@code SET TRANSACTION …} (without SESSION or GLOBAL) is about to run: outside a transaction it
	 * sets the next transaction's level on MariaDB, which the driver does not report (PostgreSQL
	 * refuses it there).
	 */
	void nextTransactionAnnounced(boolean autoCommit) {
		if (!inTransaction(autoCommit) && !this.postgres) {
			this.nextTransactionUncertain = true;
		}
	}

	// ---- what the transaction wrote

	TransactionWrites writes() {
		TransactionWrites writes = this.writes;
		if (writes == null) {
			writes = new TransactionWrites();
			this.writes = writes;
		}
		return writes;
	}

	/** What the open transaction announced to a shared store. */
	Announcement announcement() {
		Announcement announcement = this.announcement;
		if (announcement == null) {
			announcement = new Announcement();
			this.announcement = announcement;
		}
		return announcement;
	}

	/** Whether the open transaction announced anything (without creating the record). */
	boolean hasAnnounced() {
		return this.announcement != null && !this.announcement.isEmpty();
	}

	/** Whether the open transaction wrote anything (without creating the record of its writes). */
	boolean hasWrites() {
		return this.writes != null && !this.writes.isEmpty();
	}

	/** Whether the open transaction wrote any of the given tables. */
	boolean writesTouch(Set<String> tables) {
		return this.writes != null && this.writes.touches(tables);
	}

	/** DDL ran in the open transaction. */
	void ddlRan() {
		this.ranDdl = true;
	}

	boolean ranDdl() {
		return this.ranDdl;
	}

	/** The catalog as this transaction sees it, created on first use. */
	DatabaseCatalog transactionCatalog(Supplier<DatabaseCatalog> factory) {
		if (this.transactionCatalog == null) {
			this.transactionCatalog = factory.get();
		}
		return this.transactionCatalog;
	}

	/** DDL ran: what this transaction looked up of the catalog may not hold any more. */
	void transactionCatalogChanged() {
		if (this.transactionCatalog != null) {
			this.transactionCatalog.clear();
		}
	}

	void savepointSet(Savepoint savepoint) {
		writes().savepoint(savepoint);
	}

	/**
	 * Rolled back to a savepoint: its writes since are undone, and so may be a session statement
	 * ({@code SET search_path} in the transaction), so what keys reads is read again.
	 */
	void rolledBackTo(Savepoint savepoint) {
		writes().rollbackTo(savepoint);
		if (this.sessionChangedInTransaction) {
			forgetKey();
		}
	}

	/** Rolled back to a savepoint set as SQL, which JDBC cannot name: keep every write. */
	void rolledBackToSqlSavepoint() {
		if (this.sessionChangedInTransaction) {
			forgetKey();
		}
	}

	void savepointReleased(Savepoint savepoint) {
		writes().release(savepoint);
	}

	/**
	 * Forgets the transaction that ended (the caller invalidated what it wrote, if it committed).
	 * Everything recorded about a transaction is reset here.
	 */
	void endTransaction() {
		if (this.writes != null) {
			this.writes.clear();
		}
		this.announcement = null; // the next transaction has a lease of its own
		if (this.sessionChangedInTransaction) {
			// SET LOCAL and the like end with it: read the session again
			forgetKey();
		}
		this.sqlTransaction = false;
		this.uncertain = false;
		this.transactionIsolation = -1;
		this.statements = 0;
		this.transactionCatalogGeneration = -1;
		this.ranDdl = false;
		this.transactionCatalog = null;
		this.sessionChangedInTransaction = false;
		this.hitInTransaction = false;
	}

	/** Whether a transaction begun as SQL is open (it outlives a logical connection's close). */
	boolean inSqlTransaction() {
		return this.sqlTransaction;
	}

}

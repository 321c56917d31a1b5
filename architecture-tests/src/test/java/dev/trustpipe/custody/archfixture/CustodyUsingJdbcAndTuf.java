package dev.trustpipe.custody.archfixture;

import dev.trustpipe.tuf.archfixture.TufReadingTheSystemClock;
import javax.sql.DataSource;

/** Breaks the rules on purpose: custody code using a database and the TUF module. */
public class CustodyUsingJdbcAndTuf {

  public DataSource keyTable;

  public TufReadingTheSystemClock tuf;
}

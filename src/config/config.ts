// The only reader of process.env. Every key is documented in .env.example and has a safe local default.
import path from 'node:path';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Label on the sign-in button, e.g. "Sign in with your organisation account". */
  label: string;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Public base URL, used for OIDC redirects and printed at start. */
  baseUrl: string;
  /** PGlite data folder (used when databaseUrl is not set). `memory://` keeps it in memory. */
  dataDir: string;
  /** PostgreSQL connection string; when set, Safehub runs on the server instead of PGlite. */
  databaseUrl: string | undefined;
  /** Optional read replica for reports. */
  databaseReadUrl: string | undefined;
  databasePoolSize: number;
  /** Secret for signing cookies (session id and CSRF secret). */
  cookieSecret: string;
  /** Key for the audit hash chain (HMAC-SHA256): without it, nobody can forge a consistent chain. */
  auditChainKey: string;
  secureCookies: boolean;
  /**
   * Session timeouts. Defaults follow OWASP's Session Management Cheat Sheet for high-value applications
   * (idle 15–30 minutes) and a working day plus margin for the absolute limit.
   */
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  signInRateLimitPerMinute: number;
  logLevel: string;
  oidc: OidcConfig | undefined;
  /** Load the demo users when serving (`start`, which `npm start` runs, always does). */
  seedDemo: boolean;
  demoPassword: string;
  /** Seconds between scheduled-job ticks. */
  jobTickSeconds: number;
  /** Run scheduled jobs on this node. */
  runJobs: boolean;
  /** Identifies this node in job runs and logs. */
  nodeId: string;
}

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`Configuration ${key} must be a whole number`);
  return value;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`Configuration ${key} must be true or false`);
}

const DEV_SECRET = 'safehub-development-secret-change-me-in-production';

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = int(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const cookieSecret = env.COOKIE_SECRET || DEV_SECRET;
  const auditChainKey = env.AUDIT_CHAIN_KEY || DEV_SECRET;
  if (nodeEnv === 'production' && (cookieSecret === DEV_SECRET || auditChainKey === DEV_SECRET)) {
    throw new Error('COOKIE_SECRET and AUDIT_CHAIN_KEY must be set in production');
  }
  const baseUrl = env.BASE_URL || `http://localhost:${port}`;
  const oidc: OidcConfig | undefined = env.OIDC_ISSUER
    ? {
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID || '',
        clientSecret: env.OIDC_CLIENT_SECRET || '',
        redirectUri: env.OIDC_REDIRECT_URI || `${baseUrl}/sign-in/oidc/callback`,
        label: env.OIDC_LABEL || 'Sign in with your organisation account',
      }
    : undefined;
  const config: Config = {
    env: nodeEnv,
    host,
    port,
    baseUrl,
    dataDir: env.DATA_DIR || path.resolve('data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10),
    cookieSecret,
    auditChainKey,
    secureCookies: bool(env, 'SECURE_COOKIES', nodeEnv === 'production'),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 10),
    signInRateLimitPerMinute: int(env, 'SIGN_IN_RATE_LIMIT_PER_MINUTE', 10),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    oidc,
    seedDemo: bool(env, 'SEED_DEMO', false),
    demoPassword: env.DEMO_PASSWORD || 'safehub-demo-2026',
    jobTickSeconds: int(env, 'JOB_TICK_SECONDS', 60),
    runJobs: bool(env, 'RUN_JOBS', true),
    nodeId: env.NODE_ID || `node-${process.pid}`,
    ...overrides,
  };
  return config;
}

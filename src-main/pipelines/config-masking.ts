/**
 * What of an engine's config the UI may show. Connector configs carry
 * credentials under many names (Connect has no "password" type on the REST
 * side), so keys are matched by the names connectors use, and URL values lose
 * their password part wherever it sits.
 */

export const maskedValue = '••••';

const secretKeys: ReadonlyArray<RegExp> = [
  /password|secret|token|credentials/i,
  // `key.` as a prefix or segment (ssl.key.password, aws keys) but not the key converter's settings.
  /key\.(?!converter)/i,
  // Holds the username and password of the SASL login inline.
  /(^|\.)sasl\.jaas\.config$/i,
  // Schema Registry's "user:password" (also under key.converter.* / value.converter.*).
  /(^|\.)basic\.auth\.user\.info$/i,
  /(^|\.)(api|private)\.key$/i,
];

export function isSecretKey(key: string): boolean {
  return secretKeys.some((r) => r.test(key));
}

// scheme://user:password@host — also after a jdbc:vendor: prefix.
const urlUserInfo = /([a-z][a-z0-9+.-]*:\/\/[^/?#@:\s]*:)[^/?#@\s]*@/gi;
// JDBC drivers also take the password as a URL parameter (?password=…, ;password=…).
const urlPasswordParam = /([?&;](?:password|pwd)=)[^&;#\s]*/gi;

function maskUrlCredentials(value: string): string {
  return value.replace(urlUserInfo, `$1${maskedValue}@`).replace(urlPasswordParam, `$1${maskedValue}`);
}

/** The value as the UI may show it. */
export function maskEntry(key: string, value: string): string {
  if (value === '') return value;
  return isSecretKey(key) ? maskedValue : maskUrlCredentials(value);
}

export function maskConfig(config: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) masked[key] = maskEntry(key, value);
  return masked;
}

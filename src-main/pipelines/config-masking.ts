// Config values that look like secrets are never shown: not in the UI, not in the API, not in errors.
const secretKey = /password|secret|key\.(?!converter)|token|credentials/i;

export const maskedValue = '••••';

export function isSecretKey(key: string): boolean {
  return secretKey.test(key);
}

export function maskConfig(config: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) masked[key] = isSecretKey(key) && value !== '' ? maskedValue : value;
  return masked;
}

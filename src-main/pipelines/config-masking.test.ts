import { describe, expect, it } from 'vitest';
import { isSecretKey, maskConfig, maskEntry, maskedValue } from './config-masking';

describe('config masking', () => {
  it('masks the keys the old rule missed: JAAS config, basic-auth user info, api and private keys', () => {
    const secret = [
      'sasl.jaas.config',
      'producer.override.sasl.jaas.config',
      'consumer.override.SASL.JAAS.CONFIG',
      'basic.auth.user.info',
      'key.converter.basic.auth.user.info',
      'value.converter.schema.registry.basic.auth.user.info',
      'datadog.api.key',
      'api.key',
      'snowflake.private.key',
      'private.key',
      'ssl.keystore.password',
    ];
    for (const k of secret) expect(isSecretKey(k), k).toBe(true);
    const plain = ['key.converter', 'value.converter.schemas.enable', 'topics', 'connection.user', 'sasl.mechanism', 'tasks.max'];
    for (const k of plain) expect(isSecretKey(k), k).toBe(false);
  });

  it('masks the password inside a URL and keeps the rest readable', () => {
    expect(maskEntry('connection.url', 'jdbc:postgresql://etl:hunter2@db.internal:5432/lake')).toBe(
      `jdbc:postgresql://etl:${maskedValue}@db.internal:5432/lake`,
    );
    expect(maskEntry('connection.url', 'mongodb://app:p%40ss@h1,h2/db?authSource=admin')).toBe(
      `mongodb://app:${maskedValue}@h1,h2/db?authSource=admin`,
    );
    expect(maskEntry('connection.url', 'jdbc:mysql://db:3306/lake?user=etl&password=hunter2&ssl=true')).toBe(
      `jdbc:mysql://db:3306/lake?user=etl&password=${maskedValue}&ssl=true`,
    );
    expect(maskEntry('connection.url', 'jdbc:postgresql://db.internal:5432/lake')).toBe('jdbc:postgresql://db.internal:5432/lake');
    expect(maskEntry('topics', 'a,b')).toBe('a,b');
  });

  it('masks a whole config, leaving empty values empty', () => {
    expect(
      maskConfig({
        'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";',
        'connection.url': 'https://u:p@es:9200',
        'db.PASSWORD': 'hunter2',
        'connection.password': '',
        'key.converter': 'x',
      }),
    ).toEqual({
      'sasl.jaas.config': maskedValue,
      'connection.url': `https://u:${maskedValue}@es:9200`,
      'db.PASSWORD': maskedValue,
      'connection.password': '',
      'key.converter': 'x',
    });
  });
});

import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('runs embedded, with defaults, when neither DATABASE_URL nor KAFKA_BROKERS is set', () => {
    expect(loadConfig({})).toMatchObject({ mode: 'embedded', DATA_DIR: './data', PORT: 3000, HOST: '127.0.0.1', KAFKA_TOPIC_PREFIX: 'policy-ledger' });
  });

  it('runs on PostgreSQL and Kafka when both are set, with brokers as a list', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/policy_ledger', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094' })).toMatchObject({
      mode: 'production',
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9094'],
    });
  });

  it('refuses to start with only one of them, saying why', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/x' })).toThrow(/DATABASE_URL is set but KAFKA_BROKERS is not/);
    expect(() => loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(/KAFKA_BROKERS is set but DATABASE_URL is not/);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost', PORT: 'eighty', KAFKA_TOPIC_PARTITIONS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'KAFKA_TOPIC_PARTITIONS']);
    expect((error as Error).message).toContain('each broker must be host:port');
  });
});

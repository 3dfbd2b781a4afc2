import { Inject, Injectable } from '@nestjs/common';
import { ConfigModule, ConfigService, ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { readNamespace } from './config-namespace';
import { AppConfig, ConfigurationError, configLoaders, loadConfiguration } from './configuration';
import { emulatorConfig, readEmulatorConfig } from './emulator.config';
import { fintectureConfig } from './fintecture.config';
import { reconciliationConfig } from './reconciliation.config';

@Injectable()
class NeedsFintecture {
  constructor(
    @Inject(fintectureConfig.KEY) readonly fintecture: ConfigType<typeof fintectureConfig>,
    @Inject(reconciliationConfig.KEY) readonly reconciliation: ConfigType<typeof reconciliationConfig>,
    readonly config: ConfigService<AppConfig, true>,
  ) {}
}

describe('configuration namespaces', () => {
  it('serve the validated configuration both by namespace token and through ConfigService', async () => {
    const config = loadConfiguration({ PORT: '4100', RECONCILIATION_CONCURRENCY: '9', CURSOR_SECRET: 'c'.repeat(32) });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configLoaders(config) })],
      providers: [NeedsFintecture],
    }).compile();
    const reader = moduleRef.get(NeedsFintecture);
    expect(reader.fintecture).toBe(config.fintecture);
    expect(reader.fintecture.apiUrl).toBe('http://127.0.0.1:4100/emulator');
    expect(reader.reconciliation.concurrency).toBe(9);
    expect(reader.config.get('fintecture', { infer: true })).toBe(config.fintecture);
    expect(reader.config.get('emulator', { infer: true })).toEqual(config.emulator);
    expect(reader.config.get('port', { infer: true })).toBe(4100);
    expect(reader.config.get('cursorSecret', { infer: true })).toBe('c'.repeat(32));
    for (const key of Object.keys(config) as Array<keyof AppConfig>) {
      expect([key, reader.config.get(key, { infer: true })]).toEqual([key, config[key]]);
    }
    await moduleRef.close();
  });

  it('read one namespace alone with the context it depends on, and every problem of it at once', () => {
    expect(readNamespace({ PORT: '4200' }, readEmulatorConfig).webhookUrl).toBe('http://127.0.0.1:4200/v1/webhooks/fintecture');
    let thrown: unknown;
    try {
      readNamespace({ PORT: 'x', EMULATOR_PORT: 'y', EMULATOR_WEBHOOK_FORMAT: 'xml', LOG_LEVEL: 'not read here' }, readEmulatorConfig);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'EMULATOR_PORT', 'EMULATOR_WEBHOOK_FORMAT']);
  });

  it('loaded as Nest would load a registerAs factory, read the process environment', () => {
    const saved = process.env.EMULATOR_PORT;
    try {
      process.env.EMULATOR_PORT = '3999';
      expect(emulatorConfig().port).toBe(3999);
      process.env.EMULATOR_PORT = 'nope';
      expect(() => emulatorConfig()).toThrow(ConfigurationError);
    } finally {
      if (saved === undefined) delete process.env.EMULATOR_PORT;
      else process.env.EMULATOR_PORT = saved;
    }
    expect(emulatorConfig.KEY).toBe('CONFIGURATION(emulator)');
  });
});

import type { INestApplication } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { SignupResponseDto } from '@central-tickets/contracts';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../app/app.module';
import { configureApp, createAdapter, NEST_APP_OPTIONS } from '../app/create-app';
import { Clock } from '../core/clock';
import { AppConfig, loadConfig } from '../core/config/app-config';
import { TestClock } from './test-clock';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  config: AppConfig;
  clock: TestClock;
  dataSource: DataSource;
  db: TestDatabase;
  /** Signs a new tenant up over HTTP and returns the answer (token and secret included). */
  signup(overrides?: Partial<Record<string, unknown>>): Promise<SignupResponseDto>;
  close(): Promise<void>;
}

let counter = 0;

/** A unique slug for this test file's tenants. */
export function uniqueSlug(prefix = 'acme'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export function signupBody(overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  const slug = uniqueSlug();
  return {
    tenant_name: `Tenant ${slug}`,
    tenant_slug: slug,
    admin_email: `owner@${slug}.example`,
    admin_name: 'Owner',
    admin_password: 'correct horse battery staple',
    ...overrides,
  };
}

/**
 * The real application (same module, middleware and pipes as production) on a real
 * database, with a clock the test controls. One per test file: start it in `beforeAll`.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
    ...db.env,
    ...env,
  });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), DiscoveryModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = await configureApp(moduleRef.createNestApplication(createAdapter(config), NEST_APP_OPTIONS), config);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    config,
    clock,
    db,
    dataSource: app.get(DataSource),
    async signup(overrides) {
      const res = await http.post('/api/signup').send(signupBody(overrides));
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as SignupResponseDto;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig, loadConfig } from '../config/app-config';
import { ConfigError } from '../config/env-parsers';
import { loadEnvFile } from '../config/env-file';
import { createAppLogger } from '../common/logging/app-logger';
import { NestPinoLogger } from '../common/logging/nest-logger';
import { dataSourceOptions } from '../database/data-source-options';
import { runMigrations } from '../database/migration-runner';
import { AdminService } from '../modules/auth/admin/admin.service';
import { parseArgv, readFlags, UsageError } from './argv';
import { CliCommand, CliServices, findCommand, usage, validValues } from './commands';

/**
 * The operator CLI (`npm run cli -- <command> [--flags]`): the admin operations of API.md §10 through the same
 * AdminService, validation and errors as /api/admin, without HTTP. Exit codes: 0 done, 1 error, 2 usage.
 */
const EXIT_ERROR = 1;
const EXIT_USAGE = 2;

/**
 * The CLI must not seed the demo, print its banner, mint the bootstrap admin or print the no-admin hint: it turns
 * bootstrap off (and clears demoSeed and bootstrapAdminKey besides). It runs as role `api` rather than `worker`, because the
 * worker role is the one that consumes queued executions, which a short-lived operator command must never pick up.
 */
function cliConfig(config: AppConfig): AppConfig {
  // Logs (warnings and errors only) go to stderr: stdout carries the JSON result and nothing else.
  const logLevel = config.logLevel === 'error' ? 'error' : 'warn';
  return {
    ...config,
    role: 'api',
    demoSeed: false,
    bootstrapAdminKey: undefined,
    bootstrap: false,
    logLevel,
    logTo: 'stderr',
  };
}

/** Opens what a command asks for, once, and remembers it for closing. */
function openServices(config: AppConfig, opened: Array<() => Promise<unknown>>): CliServices {
  let app: Promise<INestApplicationContext> | undefined;
  return {
    async admin() {
      app ??= NestFactory.createApplicationContext(AppModule.forRoot(config), {
        logger: new NestPinoLogger(createAppLogger(config, 2)),
        abortOnError: false,
      }).then((context) => {
        opened.push(() => context.close());
        return context;
      });
      return (await app).get(AdminService);
    },
    async migrate() {
      const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
      opened.push(() => dataSource.destroy());
      const applied: string[] = [];
      await runMigrations(dataSource, (message) => applied.push(message.replace(/^applied migration /, '')));
      return applied;
    },
  };
}

function printError(error: unknown, command?: CliCommand): void {
  if (error instanceof DomainError) {
    const context = Object.keys(error.context).length ? `\n${JSON.stringify(error.context, null, 2)}` : '';
    const values = command ? validValues(command) : '';
    process.stderr.write(
      `error ${error.code}: ${error.message}${context}\n${values ? `Valid values:\n${values}\n` : ''}`,
    );
  } else if (error instanceof ConfigError) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `error INTERNAL_ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}

async function main(args: string[]): Promise<number> {
  let command;
  let flags;
  try {
    const parsed = parseArgv(args);
    if (parsed.command === null || parsed.command === 'help') {
      process.stdout.write(usage());
      return 0;
    }
    command = findCommand(parsed.command);
    if (!command) throw new UsageError(`unknown command "${parsed.command}"`);
    flags = readFlags(command.flags, parsed.flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const values = command ? validValues(command) : '';
    process.stderr.write(
      `error: ${error.message}\n${values ? `Valid values:\n${values}\n` : ''}\n${usage()}`,
    );
    return EXIT_USAGE;
  }

  const opened: Array<() => Promise<unknown>> = [];
  try {
    const config = cliConfig(loadConfig());
    Logger.overrideLogger(new NestPinoLogger(createAppLogger(config, 2)));
    const services = openServices(config, opened);
    const result = await command.run(services, flags);
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (error) {
    printError(error, command);
    return EXIT_ERROR;
  } finally {
    for (const close of opened.reverse()) await close().catch(printError);
  }
}

loadEnvFile('.env');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    printError(error);
    process.exit(EXIT_ERROR);
  },
);

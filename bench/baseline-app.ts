import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BENCH_BODY, BenchTarget } from './bench-target';

const CONSTANT = { ok: true, text: 'Hello, bench!' };

@Controller()
class BenchController {
  @Post('bench')
  @HttpCode(200)
  answer(): typeof CONSTANT {
    return CONSTANT;
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

/** The floor we compare against: bare NestJS on Fastify, one POST route returning a constant (JSON body parsed). */
export async function startBaseline(): Promise<BenchTarget> {
  const app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}/bench`, headers: {}, body: BENCH_BODY, close: () => app.close() };
}

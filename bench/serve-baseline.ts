import 'reflect-metadata';
import { startBaseline } from './baseline-app';
import { serveTarget } from './serve-target';

serveTarget(startBaseline);

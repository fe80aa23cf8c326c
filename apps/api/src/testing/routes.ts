import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { ApiTokenScope } from '@central-tickets/contracts';
import { ACCESS, REQUIRED_SCOPE, type Access } from '../core/auth/auth.metadata';

export interface RouteInfo {
  method: string;
  path: string;
  access: Access | undefined;
  scope: ApiTokenScope | undefined;
}

/** Every route the application serves, with the access its decorators declare. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = `/${[base, sub].map((p: string) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
      routes.push({
        method,
        path,
        access: reflector.getAllAndOverride<Access>(ACCESS, [handler, metatype]),
        scope: reflector.getAllAndOverride<ApiTokenScope>(REQUIRED_SCOPE, [handler, metatype]),
      });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

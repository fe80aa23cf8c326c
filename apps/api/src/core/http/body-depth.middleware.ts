import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';

export const MAX_BODY_DEPTH = 32;

/** The nesting depth of a parsed body, counted without recursion and stopping past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** No contract nests more than a few levels; a body nested deeper is refused before anything walks it. */
export function limitBodyDepth(req: Request, _res: Response, next: NextFunction): void {
  if (depthOf(req.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    next(AppException.badRequest('The request body is nested too deeply.', `At most ${MAX_BODY_DEPTH} levels.`));
    return;
  }
  next();
}

import { Param, type PipeTransform } from '@nestjs/common';
import { AppException } from '../core/errors/app.exception';
import type { TicketRef } from './tickets.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[1-9][0-9]{0,14}$/;

/** `:id` is a ticket's id or its number; anything else names no ticket (404). */
class TicketRefPipe implements PipeTransform<string, TicketRef> {
  transform(value: string): TicketRef {
    if (UUID.test(value)) return { id: value.toLowerCase() };
    if (NUMBER.test(value)) return { number: Number(value) };
    throw AppException.notFound('No such ticket.');
  }
}

export const TicketRefParam = () => Param('id', new TicketRefPipe());

/** The path as written, for idempotency fingerprints. */
export const refText = (ref: TicketRef) => ('id' in ref ? ref.id : String(ref.number));

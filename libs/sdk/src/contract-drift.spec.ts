import { join, resolve } from 'node:path';
import * as ts from 'typescript';

/*
 * The SDK writes out the wire types (lib/types.ts) instead of importing them from
 * `@central-tickets/contracts`: the published package must not depend on an unpublished library
 * (or on class-validator), and the module-boundary rule forbids a buildable library importing a
 * non-buildable one. This test keeps the two in step: it type-checks, with the workspace's path
 * aliases, a file that sets each SDK type against its DTO. Responses must have the same fields
 * and be readable as the SDK's type; requests must have the same fields and be accepted by the DTO.
 */

const ROOT = resolve(__dirname, '../../..');
const CHECK_FILE = join(__dirname, '__contract-check__.ts');

const CHECK = `
import type * as C from '@central-tickets/contracts';
import type * as S from './lib/types';
import type { ApiErrorCode } from './lib/errors';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
declare function value<T>(): T;

// Responses: same fields, and what the API sends reads as the SDK's type.
export type ResponseFields = [
  Assert<Equal<keyof C.TicketDto, keyof S.Ticket>>,
  Assert<Equal<keyof C.TicketWithCommentsDto, keyof S.TicketWithComments>>,
  Assert<Equal<keyof C.TicketPageDto, keyof S.TicketPage>>,
  Assert<Equal<keyof C.CommentDto, keyof S.Comment>>,
  Assert<Equal<keyof C.CommentAuthorDto, keyof S.CommentAuthor>>,
  Assert<Equal<keyof C.CategoryDto, keyof S.Category>>,
  Assert<Equal<keyof C.CategorySummaryDto, keyof S.CategorySummary>>,
  Assert<Equal<keyof C.UserSummaryDto, keyof S.UserSummary>>,
  Assert<Equal<keyof C.TenantDto, keyof S.Tenant>>,
  Assert<Equal<keyof C.TenantDomainSummaryDto, keyof S.TenantDomainSummary>>,
  Assert<Equal<keyof C.JwtLoginResponseDto, keyof S.JwtLoginResult>>,
  Assert<Equal<keyof C.SignedInUserDto, keyof S.SignedInUser>>,
  Assert<Equal<Exclude<keyof C.ErrorResponseDto, keyof S.ErrorEnvelope>, never>>,
];
export const ticket: S.Ticket = value<C.TicketDto>();
export const ticketWithComments: S.TicketWithComments = value<C.TicketWithCommentsDto>();
export const page: S.TicketPage = value<C.TicketPageDto>();
export const category: S.Category = value<C.CategoryDto>();
export const tenant: S.Tenant = value<C.TenantDto>();
export const login: S.JwtLoginResult = value<C.JwtLoginResponseDto>();
export const envelope: S.ErrorEnvelope = value<C.ErrorResponseDto>();

// Requests: same fields, and what the SDK sends is what the DTO takes.
export type RequestFields = [
  Assert<Equal<keyof C.CreateTicketDto, keyof S.CreateTicketInput>>,
  Assert<Equal<keyof C.UpdateTicketDto, keyof S.UpdateTicketInput>>,
  Assert<Equal<keyof C.CreateCommentDto, keyof S.CreateCommentInput>>,
  Assert<Equal<keyof C.CreateCategoryDto, keyof S.CreateCategoryInput>>,
  Assert<Equal<keyof C.ListTicketsQueryDto, keyof S.ListTicketsFilters>>,
];
export const create: C.CreateTicketDto = value<S.CreateTicketInput>();
export const update: C.UpdateTicketDto = value<S.UpdateTicketInput>();
export const comment: C.CreateCommentDto = value<S.CreateCommentInput>();
export const newCategory: C.CreateCategoryDto = value<S.CreateCategoryInput>();

// Enumerations.
export type Enums = [
  Assert<Equal<C.TicketStatus, S.TicketStatus>>,
  Assert<Equal<C.TicketPriority, S.TicketPriority>>,
  Assert<Equal<C.TicketSource, S.TicketSource>>,
  Assert<Equal<C.RedirectAuthMode, S.RedirectAuthMode>>,
  Assert<Equal<C.ErrorCode, ApiErrorCode>>,
];
`;

function diagnostics(): string[] {
  const configPath = join(ROOT, 'tsconfig.base.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  };
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => resolve(file) === CHECK_FILE || fileExists.call(host, file);
  host.readFile = (file) => (resolve(file) === CHECK_FILE ? CHECK : readFile.call(host, file));
  host.getSourceFile = (file, language, onError, create) =>
    resolve(file) === CHECK_FILE ? ts.createSourceFile(file, CHECK, language, true) : getSourceFile.call(host, file, language, onError, create);
  const program = ts.createProgram([CHECK_FILE], options, host);
  const checkFile = program.getSourceFile(CHECK_FILE);
  return [...program.getSyntacticDiagnostics(checkFile), ...program.getSemanticDiagnostics(checkFile)].map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const line = where ? CHECK.split('\n')[where.line].trim() : '';
    return `${line}\n  ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`;
  });
}

describe('the wire types and libs/contracts', () => {
  it('agree, field by field', () => {
    expect(diagnostics()).toEqual([]);
  });
});

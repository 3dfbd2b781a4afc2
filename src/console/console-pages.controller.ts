import { Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemException } from '../common/problem';
import { Asset, findConsoleRoot, loadConsoleAssets } from './console-assets';

/** Every address of the single-page console answers the same page; its script draws the view for the URL. */
export const CONSOLE_PAGES = ['', 'login', 'sessions', 'sessions/:id', 'reconciliation', 'reconciliation/:id'];

@ApiExcludeController()
@Controller('admin')
export class ConsolePagesController {
  private readonly files: ReturnType<typeof loadConsoleAssets> | null;

  constructor() {
    const root = findConsoleRoot();
    this.files = root ? loadConsoleAssets(root) : null;
    if (!root) new Logger('Console').warn('public/admin not found: the admin console is not served');
  }

  @Get(CONSOLE_PAGES)
  page(@Req() req: Request, @Res() res: Response): void {
    send(req, res, this.files?.index, 'no-cache');
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    send(req, res, this.files?.assets.get(name), 'no-cache');
  }
}

function send(req: Request, res: Response, file: Asset | undefined, cacheControl: string): void {
  if (!file) throw new ProblemException(404, 'not_found', 'No such page.');
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', file.etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === file.etag) {
    res.status(304).end();
    return;
  }
  res.status(200).type(file.contentType).send(file.body);
}

import { describe, expect, it } from 'vitest';
import { parseNotifyMessage } from '../../../src/os/notify/notify-message.js';

describe('parseNotifyMessage', () => {
  it.each([
    ['READY=1', [['READY', '1']]],
    [
      'READY=1\nSTATUS=Processing requests',
      [
        ['READY', '1'],
        ['STATUS', 'Processing requests'],
      ],
    ],
    ['STATUS=a=b=c', [['STATUS', 'a=b=c']]],
    [
      'READY=1\n\nMAINPID=4242\n',
      [
        ['READY', '1'],
        ['MAINPID', '4242'],
      ],
    ],
    ['STATUS=first\nSTATUS=second', [['STATUS', 'second']]],
    ['READY=1\0\0', [['READY', '1']]],
    [
      'READY=1\r\nSTOPPING=1',
      [
        ['READY', '1'],
        ['STOPPING', '1'],
      ],
    ],
    ['STATUS=', [['STATUS', '']]],
    ['garbage\n=novalue\nREADY=1', [['READY', '1']]],
    ['', []],
  ])('%j', (text, expected) => {
    expect([...parseNotifyMessage(text)]).toEqual(expected);
  });
});

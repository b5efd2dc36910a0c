/*
 * pipe: `ingest | analyze` runs both stages at once only if the pipe
 * between them holds more than the 64 KiB Linux gives by default: with
 * 1 MiB writes on one side and 1 MiB reads on the other, a small pipe makes
 * the two processes take turns.  pipe_widen asks for 1 MiB (the default
 * /proc/sys/fs/pipe-max-size) on a descriptor that is a pipe; elsewhere, or
 * when refused, it does nothing.
 */
#ifndef LOGSIFT_PIPE_H
#define LOGSIFT_PIPE_H

void pipe_widen(int fd);

#endif

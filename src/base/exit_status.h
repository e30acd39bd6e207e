/*
 * exit_status.h - the exit statuses every part of tlssim answers with:
 * 0 ok, 1 a failed check or assertion, 2 bad usage or a bad input file.
 */
#ifndef TLSSIM_EXIT_STATUS_H
#define TLSSIM_EXIT_STATUS_H

#define EXIT_CHECK_FAILED 1
#define EXIT_USAGE 2

#endif

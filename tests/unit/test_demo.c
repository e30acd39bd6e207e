#include "demo.h"
#include "unit.h"
static void t(void) {}
static const struct unit_test tests[] = {{"t", t}, {NULL, NULL}};
int main(void) { return unit_run("demo", tests); }

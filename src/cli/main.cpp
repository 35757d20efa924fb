#include "cli/cli.h"

int main(int argc, char** argv) { return debimg::run_cli(argc, argv); }

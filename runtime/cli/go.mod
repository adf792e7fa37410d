module ossgen.local/cliruntime

go 1.22

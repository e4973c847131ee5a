from politburo.cli import main

main()

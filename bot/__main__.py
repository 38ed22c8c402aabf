from bot.cli import main

# Guarded: worker processes (bot.page_reader) start by importing the main module again.
if __name__ == "__main__":
    raise SystemExit(main())

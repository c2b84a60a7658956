from pacnet_kiosk.cli import main

main()

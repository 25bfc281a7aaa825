print("almost")

console.log("millrace test asset");
